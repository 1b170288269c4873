// Types for test/data/images.mjs (so TypeScript tests can import it).
export interface RgbaImage { data: Uint8Array; width: number; height: number }
export declare function decodeBmp(buf: Uint8Array): RgbaImage;
export declare function loadPhoto(file: string): RgbaImage;
export declare function rgbFloats(image: RgbaImage): Float32Array;
