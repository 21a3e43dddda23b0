/**
 * A duration in the unit that reads, for alerts and error messages: seconds up to 2 minutes, then
 * minutes, hours up to 2 days, days (grouped) up to a year, then years. `1165043719 s` reads `36.9 years`.
 */
export function durationText(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86_400) return `${(s / 3600).toFixed(1)} h`;
  if (s < 365 * 86_400) return `${(s / 86_400).toFixed(1)} days`;
  return `${(s / (365.25 * 86_400)).toFixed(1)} years`;
}
