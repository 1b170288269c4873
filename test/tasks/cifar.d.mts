// Types for test/tasks/cifar.mjs.
export declare function cifarDir(): string | null;
export declare function loadCifar(batches: number[], classNames: string[], perClass: number): { image: { data: Uint8Array; width: number; height: number }; label: string }[] | null;
