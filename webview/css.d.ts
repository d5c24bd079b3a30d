// esbuild's text loader (scripts/build.mjs) turns a .css import into its text.
declare module '*.css' {
  const text: string;
  // eslint-disable-next-line no-restricted-syntax -- the loader's shape, not ours
  export default text;
}
