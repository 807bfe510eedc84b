// The esbuild options both bundles share (scripts/library/bundle.mjs, scripts/cli/bundle.mjs):
// ES modules with shared chunks, so that code several entries use is loaded once and a class is
// one class; platform-neutral, each script choosing its own conditions and externals.
export const SHARED_BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'neutral',
  // Smaller files parse faster; identifiers are kept, so that stack traces and class names read
  // as in the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};
