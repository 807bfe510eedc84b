import { parseAnnotations } from '../../tools/codegen/annotations.js';

describe('parseAnnotations', () => {
  it('defaults to low priority and no annotations', () => {
    expect(parseAnnotations(null)).toEqual({ generate: null, priority: 'low', acl: [], aclFilter: [], stream: null, sparseFlag: null });
  });

  it('reads every annotation, keeping all @acl lines', () => {
    const comment = `*
     * @generate: both
     * @readstream: 1
     * @sparseflag: VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM
     * @priority: high
     * @acl: domain:write
     * @acl: domain:save:!VIR_DOMAIN_AFFECT_CONFIG|VIR_DOMAIN_AFFECT_LIVE
     * @aclfilter: domain:getattr
     `;
    expect(parseAnnotations(comment)).toEqual({
      generate: 'both',
      priority: 'high',
      acl: ['domain:write', 'domain:save:!VIR_DOMAIN_AFFECT_CONFIG|VIR_DOMAIN_AFFECT_LIVE'],
      aclFilter: ['domain:getattr'],
      stream: 'read',
      sparseFlag: 'VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM',
    });
    expect(parseAnnotations('* @writestream: 1').stream).toBe('write');
  });

  it('rejects unknown and malformed annotations', () => {
    expect(() => parseAnnotations('* @generate: sometimes')).toThrow("invalid @generate value 'sometimes'");
    expect(() => parseAnnotations('* @priority: urgent')).toThrow(/@priority/);
    expect(() => parseAnnotations('* @readstream: x')).toThrow(/@readstream/);
    expect(() => parseAnnotations('* @frobnicate: 1')).toThrow('unknown annotation @frobnicate');
    expect(() => parseAnnotations('* @readstream: 1\n* @writestream: 2')).toThrow(/at most one stream/);
  });
});
