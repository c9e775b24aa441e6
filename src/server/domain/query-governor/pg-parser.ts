import { loadModule } from "libpg-query";

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the PostgreSQL parser (WASM) once per process; every later call returns the same promise. */
export function loadPostgresParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

/** The synchronous parser entry points need the module loaded; this fails loudly instead of crashing inside WASM. */
export function assertPostgresParserLoaded(): void {
  if (!loaded) throw new Error("The PostgreSQL parser is not loaded yet: await loadPostgresParser() first");
}
