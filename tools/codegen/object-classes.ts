/** The remote program's unit, the only one whose references become objects. */
export const OBJECT_UNIT = 'remote';

/** Every reference struct of remote_protocol.x starts so; the rest names the object's procedures. */
export const REFERENCE_PREFIX = 'remote_nonnull_';

/** One object class of the object layer: which reference struct it wraps and what it is called. */
export interface ObjectClassConfig {
  /** The TypeScript class, e.g. `Domain`. */
  readonly name: string;
  /** libvirt's reference struct, e.g. `remote_nonnull_domain`. */
  readonly type: string;
  /**
   * How its procedures name the object: `null` when they take the reference struct; a field name
   * when they take that field alone (node-device procedures take the device's `name` string).
   */
  readonly key: string | null;
}

/**
 * The classes, named as Sys::Async::Virt and libvirt's C API name them (`virNWFilterPtr` →
 * `NWFilter`). Procedures belong to a class through the type of their first argument, so this
 * table holds no procedure names.
 */
export const OBJECT_CLASSES: readonly ObjectClassConfig[] = [
  { name: 'Domain', type: 'remote_nonnull_domain', key: null },
  { name: 'Network', type: 'remote_nonnull_network', key: null },
  { name: 'NetworkPort', type: 'remote_nonnull_network_port', key: null },
  { name: 'StoragePool', type: 'remote_nonnull_storage_pool', key: null },
  { name: 'StorageVol', type: 'remote_nonnull_storage_vol', key: null },
  { name: 'NodeDevice', type: 'remote_nonnull_node_device', key: 'name' },
  { name: 'Secret', type: 'remote_nonnull_secret', key: null },
  { name: 'Interface', type: 'remote_nonnull_interface', key: null },
  { name: 'NWFilter', type: 'remote_nonnull_nwfilter', key: null },
  { name: 'NWFilterBinding', type: 'remote_nonnull_nwfilter_binding', key: null },
  { name: 'DomainSnapshot', type: 'remote_nonnull_domain_snapshot', key: null },
  { name: 'DomainCheckpoint', type: 'remote_nonnull_domain_checkpoint', key: null },
];
