/** Text files bundled by esbuild's text loader (hubble.config.example.yaml for `init`). */
declare module '*.yaml' {
  const text: string;
  export default text;
}
