import type { Freshness } from './freshness.ts';
import { failing, find, type Check, type Row } from './report.ts';

const x = (n: number) => `${n.toFixed(2)}×`;

function usable(...rows: (Row | undefined)[]): string | undefined {
  if (rows.length === 0 || rows.some((r) => !r)) return 'not run';
  const broken = rows.find((r) => failing(r!));
  return broken ? `${broken.workload} on ${broken.label} fails (${broken.sampleError ?? 'errors'})` : undefined;
}

function atLeast(target: string, value: number, goal: number, detail: string): Check {
  const status = value >= goal ? 'PASS' : 'MISS';
  return { target, status, detail: status === 'PASS' ? detail : `${detail}; short by ${((1 - value / goal) * 100).toFixed(0)} %` };
}

/** The issue's targets, judged on this run's numbers, each saying by how much it was missed. */
export function judgeTargets(rows: Row[], freshness: Freshness | undefined, etag: string | undefined): Check[] {
  const checks: Check[] = [];
  const pd = (t: string) => find(rows, 'ProductDetail', t);
  const [ours, plain, hive] = [pd('ours'), pd('plain'), pd('hive')];

  const plainProblem = usable(ours, plain);
  checks.push(plainProblem ? { target: 'ProductDetail ≥ 5× plain @apollo/gateway req/s', status: 'n/a', detail: plainProblem } : atLeast('ProductDetail ≥ 5× plain @apollo/gateway req/s', ours!.rps / plain!.rps, 5, `${x(ours!.rps / plain!.rps)} (${ours!.rps.toFixed(0)} vs ${plain!.rps.toFixed(0)} req/s)`));
  const hiveProblem = usable(ours, hive);
  checks.push(hiveProblem ? { target: 'ProductDetail ≥ 3× Hive Gateway req/s', status: 'n/a', detail: hiveProblem } : atLeast('ProductDetail ≥ 3× Hive Gateway req/s', ours!.rps / hive!.rps, 3, `${x(ours!.rps / hive!.rps)} (${ours!.rps.toFixed(0)} vs ${hive!.rps.toFixed(0)} req/s)`));
  const p95Problem = usable(ours, plain, hive);
  if (p95Problem) checks.push({ target: 'ProductDetail p95 lower than both', status: 'n/a', detail: p95Problem });
  else {
    const lower = ours!.p95Ms < plain!.p95Ms && ours!.p95Ms < hive!.p95Ms;
    checks.push({ target: 'ProductDetail p95 lower than both', status: lower ? 'PASS' : 'MISS', detail: `${ours!.p95Ms.toFixed(1)} ms vs ${plain!.p95Ms.toFixed(1)} (plain), ${hive!.p95Ms.toFixed(1)} (Hive)` });
  }
  checks.push(
    freshness?.ms !== undefined
      ? { target: 'stock move at a stand-in shows within 1 s (under load)', status: freshness.ms <= 1000 ? 'PASS' : 'MISS', detail: `${freshness.ms} ms (${freshness.note})` }
      : { target: 'stock move at a stand-in shows within 1 s (under load)', status: 'n/a', detail: freshness?.note ?? 'not measured' },
  );

  // ProductCard* are not contract operations (catalog only, no stock): named as such in the detail.
  const ceilingChecks = ['ProductDetail', 'ProductSearch', 'ProductCard', 'ProductCardHot'].map((w) => {
    const [o, c] = [find(rows, w, 'ours'), find(rows, w, 'ceiling')];
    return { w, problem: usable(o, c), share: o && c ? o.rps / c.rps : 0 };
  }).filter((c) => c.problem !== 'not run' || !c.w.startsWith('ProductCard'));
  const best = ceilingChecks.filter((c) => !c.problem).sort((a, b) => b.share - a.share)[0];
  checks.push(
    best
      ? atLeast('cacheable public operation ≥ 40 % of the bare-Node ceiling', best.share, 0.4, ceilingChecks.map((c) => `${c.w}: ${c.problem ? c.problem : `${(c.share * 100).toFixed(0)} %`}`).join('; '))
      : { target: 'cacheable public operation ≥ 40 % of the bare-Node ceiling', status: 'n/a', detail: ceilingChecks.map((c) => `${c.w}: ${c.problem}`).join('; ') },
  );

  const feed = find(rows, 'PartnerStockFeed', 'ours');
  const feedProblem = usable(feed);
  checks.push(feedProblem ? { target: 'PartnerStockFeed 500 SKUs warm p95 ≤ 100 ms', status: 'n/a', detail: feedProblem } : { target: 'PartnerStockFeed 500 SKUs warm p95 ≤ 100 ms', status: feed!.p95Ms <= 100 ? 'PASS' : 'MISS', detail: `${feed!.p95Ms.toFixed(1)} ms${feed!.p95Ms > 100 ? `, ${(feed!.p95Ms - 100).toFixed(0)} ms over` : ''}` });

  const ourRows = rows.filter((r) => r.target === 'ours');
  if (ourRows.length) {
    const peak = Math.max(...ourRows.map((r) => r.peakRssMb));
    checks.push({ target: 'gateway RSS under load ≤ 300 MB (all workers)', status: peak <= 300 ? 'PASS' : 'MISS', detail: `peak ${peak.toFixed(0)} MB${peak > 300 ? `, ${(peak - 300).toFixed(0)} MB over` : ''}` });
  }
  if (etag !== undefined) checks.push({ target: 'ETag / 304 on a cached public GET', status: etag.startsWith('304') ? 'PASS' : 'MISS', detail: etag });
  return checks;
}
