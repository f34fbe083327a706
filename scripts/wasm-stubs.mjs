// Imports for the bare engine module (examples/mesh_wasm.rs): it links the whole library, so
// the library's wasm-bindgen imports come along; the engine never calls them, and a stub that
// is called throws. Self-contained, so the page bench can send it into the page as text.
export function stubImports(module) {
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) {
    imports[i.module] ??= {};
    imports[i.module][i.name] = () => {
      throw new Error(`unexpected call to ${i.module}.${i.name}`);
    };
  }
  return imports;
}
