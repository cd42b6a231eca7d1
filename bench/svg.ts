/**
 * docs/bench.svg: each throughput case as a bar against the memcpy ceiling (`fresh_set`, the
 * dashed line at 100%), so the chart reads "how close to a plain copy into fresh memory".
 * Plain SVG, no dependencies; the numbers are printed next to the bars.
 */
import type { Config, Results } from "./cases.ts";

const BARS: readonly [string, string][] = [
  ["fresh_set", "memcpy ceiling: new Uint8Array + set"],
  ["memfs_append", "guest fd_write appends, 64 KiB"],
  ["unaligned_copy", "copy_file_range, unaligned (1 -> 3)"],
  ["host_overwrite_copy", "copy_file_range over existing data"],
  ["guest_overwrite_loop", "guest fd_read/fd_write loop, same files"],
  ["memfs_read", "guest fd_read, 64 KiB (ours)"],
  ["stock_read", "guest fd_read, 64 KiB (stock shim)"],
];

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function chartSvg(r: Results, cfg: Config): string {
  const ceiling = r.cases["fresh_set"]?.value ?? 1;
  const rows = BARS.filter(([k]) => r.cases[k] !== undefined).map(([k, label]) => ({ label, value: r.cases[k]!.value }));
  const max = Math.max(ceiling, ...rows.map((x) => x.value));
  const W = 820, left = 300, barW = 400, rowH = 28, top = 56;
  const H = top + rows.length * rowH + 70;
  const x = (v: number): number => left + (v / max) * barW;
  const bars = rows
    .map((row, k) => {
      const y = top + k * rowH;
      const pct = ((row.value / ceiling) * 100).toFixed(0);
      return [
        `<text x="${left - 8}" y="${y + 17}" text-anchor="end">${esc(row.label)}</text>`,
        `<rect x="${left}" y="${y + 4}" width="${(x(row.value) - left).toFixed(1)}" height="${rowH - 8}" fill="${k === 0 ? "#888" : "#3b7dd8"}"/>`,
        `<text x="${(x(row.value) + 6).toFixed(1)}" y="${y + 17}">${row.value.toFixed(0)} MiB/s (${pct}%)</text>`,
      ].join("");
    })
    .join("\n  ");
  const cx = x(ceiling).toFixed(1);
  const ratio = (k: string): string => (r.ratios[k] === undefined ? "n/a" : r.ratios[k]!.toFixed(k === "reflink_copy_vs_fresh_set" ? 0 : 2));
  const foot = [
    `reflink copy of ${cfg.mib} MiB: ${ratio("reflink_copy_vs_fresh_set")}x faster than fresh_set; ` +
      `${(r.cases["reflink_copy_arraybuffers_mib"]?.value ?? 0).toFixed(2)} MiB of new ArrayBuffers`,
    `call overhead vs stock shim (64 B fd_write to a sink): ${ratio("call_overhead_vs_stock_shim")}x; ` +
      `stock shim 64 KiB appends, ${cfg.stockMib} MiB: ${(r.cases[`stock_shim_append_${cfg.stockMib}mib_s`]?.value ?? 0).toFixed(2)} s`,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="13">
  <rect width="${W}" height="${H}" fill="#fff"/>
  <text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">wasi-os memory file system, ${cfg.mib} MiB, MiB/s (medians of ${cfg.runs})</text>
  ${bars}
  <line x1="${cx}" y1="${top - 6}" x2="${cx}" y2="${top + rows.length * rowH}" stroke="#c33" stroke-dasharray="4 3"/>
  <text x="${cx}" y="${top - 10}" text-anchor="middle" fill="#c33">memcpy ceiling</text>
  <text x="16" y="${H - 36}">${esc(foot[0]!)}</text>
  <text x="16" y="${H - 16}">${esc(foot[1]!)}</text>
</svg>
`;
}
