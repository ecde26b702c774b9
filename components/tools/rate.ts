/** An error rate as a percentage ("–" without calls); one decimal under 10%. */
export const pct = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(r > 0 && r < 0.1 ? 1 : 0)}%`);
