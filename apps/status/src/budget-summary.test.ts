import { computeBudget } from '@karst/energy';
import { describe, expect, it } from 'vitest';
import { budgetSummaryLines } from './budget-summary.js';

describe('budgetSummaryLines (what `npm start` prints)', () => {
  it('prints the default budget with the figures grouped as the CLI prints them', () => {
    const lines = budgetSummaryLines(computeBudget({}));
    expect(lines[0]).toBe('Budget at Guiyang (1,224 m), cooling indirect-evaporative:');
    expect(lines[1]).toMatch(
      /^ {2}PUE 1\.141 \(cooling partial PUE 1\.048\); 7,088 of 8,760 hours without compressors$/,
    );
    expect(lines.some((line) => line.includes('plan warning'))).toBe(false);
  });

  it("prints the deployment plan's warnings, so a service does not start on unphysical figures unsaid", () => {
    const lines = budgetSummaryLines(computeBudget({ gridConnection: { capKw: 3000 } }));
    expect(lines.at(-1)).toMatch(/^ {2}plan warning: the transformer, rated 3,000 kW/);
    // Over the cap says over (found by a new user: "peak 15,272 kW under a 6,000 kW cap: headroom -9,272").
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}peak [\d,]+ kW over a 3,000 kW cap: headroom -[\d,]+ kW/),
    );
  });
});
