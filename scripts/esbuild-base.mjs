// The esbuild options both bundles share (scripts/library/bundle.mjs, scripts/cli/bundle.mjs):
// platform-neutral, each script choosing its own format, conditions and externals.
export const SHARED_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'neutral',
  // Smaller files parse faster; identifiers are kept, so that stack traces and class names read
  // as in the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/** ES modules with shared chunks, so that code several entries use is loaded once and a class is one class. */
export const SPLIT_ESM_OPTIONS = {
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
};
