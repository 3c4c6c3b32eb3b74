export declare const CHROMIUM: string;
export declare function ensureChromium(options?: { quiet?: boolean }): string;
