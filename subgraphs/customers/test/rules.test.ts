import { describe, expect, it } from 'vitest';
import { isPlausibleEmail } from '../src/email.ts';
import { pointsValue, usdRate } from '../src/loyalty/points-value.ts';
import { mergeOutcomes, overallStatus } from '../src/privacy/erasure.ts';
import { PRIVACY_SYSTEMS, type SystemErasureOutcome } from '../src/privacy/types.ts';

const rate = (from: string, to: string, r: string) => ({ from, to, rate: r, validFrom: '2026-11-01T00:00:00.000Z', rateType: 'M' });

describe('loyalty points value', () => {
  it('is 1.00 USD per 100 points, converted and rounded half-even to the currency', () => {
    expect(pointsValue(7420, '0.01', 'USD', '1')).toEqual({ amount: '74.20', currencyCode: 'USD' });
    expect(pointsValue(7420, '0.01', 'EUR', '0.9215')).toEqual({ amount: '68.38', currencyCode: 'EUR' });
    expect(pointsValue(7420, '0.01', 'JPY', '153.42')).toEqual({ amount: '11384', currencyCode: 'JPY' });
    expect(pointsValue(0, '0.01', 'GBP', '0.7874')).toEqual({ amount: '0.00', currencyCode: 'GBP' });
  });

  it('takes the ERP\'s direct quotation, else the inverse of the reverse pair, else names the ERP\'s gap', () => {
    expect(usdRate([rate('USD', 'EUR', '0.9215')], 'EUR')).toBe('0.9215');
    expect(usdRate([rate('CHF', 'USD', '1.25')], 'CHF')).toBe('0.8000000000');
    expect(usdRate([], 'USD')).toBe('1');
    expect(() => usdRate([rate('USD', 'EUR', '0.9215')], 'SEK')).toThrow(expect.objectContaining({ code: 'UPSTREAM_NOT_FOUND', system: 'erp' }));
  });
});

describe('erasure outcome', () => {
  const outcome = (system: SystemErasureOutcome['system'], status: SystemErasureOutcome['status']): SystemErasureOutcome => ({ system, status, detail: null, code: status === 'FAILED' ? 'UPSTREAM_UNAVAILABLE' : null });

  it('is COMPLETED when every system answered, FAILED when none did, PARTIAL otherwise', () => {
    const all = PRIVACY_SYSTEMS.map((s) => outcome(s, s === 'crm' ? 'ERASED' : s === '3pl-us' ? 'RETAINED' : 'NOT_FOUND'));
    expect(overallStatus(all, PRIVACY_SYSTEMS)).toBe('COMPLETED');
    expect(overallStatus(all.map((o) => (o.system === 'erp' ? outcome('erp', 'FAILED') : o)), PRIVACY_SYSTEMS)).toBe('PARTIAL');
    expect(overallStatus(PRIVACY_SYSTEMS.map((s) => outcome(s, 'FAILED')), PRIVACY_SYSTEMS)).toBe('FAILED');
    // A system that never answered (a crash mid-request) is not complete either.
    expect(overallStatus(all.slice(1), PRIVACY_SYSTEMS)).toBe('PARTIAL');
  });

  it('replaces only re-run systems\' outcomes, in report order', () => {
    const first = [outcome('crm', 'ERASED'), outcome('erp', 'FAILED'), outcome('graph', 'NOT_FOUND')];
    expect(mergeOutcomes(first, [outcome('erp', 'RETAINED')], PRIVACY_SYSTEMS).map((o) => `${o.system}:${o.status}`)).toEqual(['crm:ERASED', 'erp:RETAINED', 'graph:NOT_FOUND']);
  });
});

describe('email check', () => {
  it('accepts addresses every system can look up and refuses the rest', () => {
    for (const ok of ['ava.chen@example.com', ' Ava.Chen@Example.COM ', 'a+b@mail.example.net']) expect(isPlausibleEmail(ok), ok).toBe(true);
    for (const bad of ['', 'ava', 'ava@', '@example.com', 'ava@example', 'ava chen@example.com', 'a@b@example.com']) expect(isPlausibleEmail(bad), bad).toBe(false);
  });
});
