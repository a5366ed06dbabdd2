/** When the bundle began evaluating: imported first by extension.ts, so its line runs before every other module's. */
export const bundleStart = performance.now();
