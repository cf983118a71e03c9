// Module hooks: k6's modules resolve to the stand-ins beside this file, any other k6 or
// remote module is refused (the scripts use none), and the scripts load as ES modules,
// as k6 loads them.
const STUBS = {
  k6: new URL('./k6.mjs', import.meta.url).href,
  'k6/http': new URL('./k6-http.mjs', import.meta.url).href,
};

export async function resolve(specifier, context, next) {
  if (specifier in STUBS) {
    return { url: STUBS[specifier], shortCircuit: true };
  }
  if (specifier.startsWith('k6/') || /^https?:/.test(specifier)) {
    throw new Error(`no stand-in for ${specifier}`);
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.endsWith('.js')) {
    return next(url, { ...context, format: 'module' });
  }
  return next(url, context);
}
