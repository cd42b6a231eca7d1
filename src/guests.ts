/**
 * The guest languages wasi-os speaks to, one vocabulary for the report and conformance: `as`
 * (the AssemblyScript library, wasi-os/assembly) and `c` (a C program on wasi-libc linked with
 * libwasi_os.a, c/).
 */
export const GUESTS = ["as", "c"] as const;
export type GuestName = (typeof GUESTS)[number];
