package report

// Estimative returns the ICD 203 expression of likelihood for a
// probability p in [0, 1]:
//
//	almost no chance       below 5%   (ICD 203: 1–5%)
//	very unlikely          5% to 20%
//	unlikely               20% to 45%
//	roughly even chance    45% to 55%
//	likely                 55% to 80%
//	very likely            80% to 95%
//	almost certain         above 95%  (ICD 203: 95–99%)
//
// ICD 203 gives the bands as ranges that share their end points; crux
// gives each shared point to the band nearer to 50%, so that the words are
// symmetric: Estimative(p) and Estimative(1−p) are mirror images (5% is
// "very unlikely" as 95% is "very likely"). Probabilities below 1% and above
// 99% keep the end bands' words: ICD 203 has none beyond them. NaN and
// values outside [0, 1] return "".
func Estimative(p float64) string {
	switch {
	case p != p || p < 0 || p > 1:
		return ""
	case p < 0.05:
		return "almost no chance"
	case p < 0.20:
		return "very unlikely"
	case p < 0.45:
		return "unlikely"
	case p <= 0.55:
		return "roughly even chance"
	case p <= 0.80:
		return "likely"
	case p <= 0.95:
		return "very likely"
	default:
		return "almost certain"
	}
}
