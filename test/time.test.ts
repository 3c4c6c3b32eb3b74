/**
 * parseInstant (src/time.ts): the toISOString form is read digit by digit
 * without a regular expression; every form must give what Date.parse gives,
 * and every day or hour that does not exist must give null, on either path.
 */
import { parseInstant } from '../src/time';

describe('parseInstant', () => {
  it('reads every RFC 3339 form as Date.parse does', () => {
    const valid = [
      '2026-01-31T09:00:00Z',
      '2026-01-31T09:00:00.000Z',
      '2026-01-31T09:00:00.123Z',
      '2024-02-29T23:59:59.999Z',
      '2000-02-29T00:00:00Z',
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '0100-01-01T00:00:00Z',
      '2026-01-31T09:00Z',
      '2026-01-31t09:00:00z',
      '2026-01-31T09:00:00+02:00',
      '2026-01-31T09:00:00.5-05:30',
      '2026-01-31T09:00:00.123456789Z',
      ' 2026-01-31T09:00:00Z ',
    ];
    expect(valid.map(parseInstant)).toEqual(valid.map((v) => Date.parse(v.trim())));
    expect(valid.map(parseInstant).every((ms) => typeof ms === 'number' && Number.isFinite(ms))).toBe(true);
  });

  it('gives the years 0 to 99 as those years, not 1900 to 1999', () => {
    expect(parseInstant('0050-06-01T00:00:00Z')).toBe(Date.parse('0050-06-01T00:00:00Z'));
    expect(new Date(parseInstant('0050-06-01T00:00:00.000Z') as number).getUTCFullYear()).toBe(50);
  });

  it('refuses days, hours and forms that do not exist', () => {
    const invalid = [
      '2025-02-29T00:00:00Z',
      '2025-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-31T24:00:00Z',
      '2026-01-31T23:60:00Z',
      '2026-01-31T23:59:60Z',
      '2026-01-31T09:00:00',
      '2026-01-31',
      '2026-01-31T09:00:00.00aZ',
      '2026-0x-31T09:00:00Z',
      '',
    ];
    expect(invalid.map(parseInstant)).toEqual(invalid.map(() => null));
    expect(parseInstant(20260131)).toBeNull();
  });
});
