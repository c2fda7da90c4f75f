/** The tool's version, package.json's, set by the page's build (scripts/build-page.ts). */
declare const __CLS_BILAN_VERSION__: string;

export const TOOL_VERSION: string = __CLS_BILAN_VERSION__;
