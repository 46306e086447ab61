import { CorsComparison, CorsRule, CorsRuleLike } from './types';

/** S3 CORS patterns allow one `*` that matches any run of characters. */
function globMatches(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return (
    v.length >= head.length + tail.length &&
    v.startsWith(head) &&
    v.endsWith(tail)
  );
}

function toRules(
  actual: { CORSRules?: CorsRuleLike[] } | CorsRuleLike[] | null | undefined,
): CorsRuleLike[] {
  if (!actual) return [];
  return Array.isArray(actual) ? actual : actual.CORSRules ?? [];
}

const label = (rule: CorsRuleLike, index: number) =>
  rule.ID ? `rule ${index + 1} ("${rule.ID}")` : `rule ${index + 1}`;

/**
 * Which required rules the bucket's actual CORS configuration fails to
 * serve. For each origin and method S3 uses the first rule that matches
 * both, so that rule must also allow the headers and expose what is needed.
 * MaxAgeSeconds is not compared: it only tunes caching.
 *
 * @public
 */
export function compareCorsConfiguration(
  actual: { CORSRules?: CorsRuleLike[] } | CorsRuleLike[] | null | undefined,
  required: { CORSRules: CorsRule[] } | CorsRule[],
): CorsComparison {
  const actualRules = toRules(actual);
  const requiredRules = Array.isArray(required) ? required : required.CORSRules;
  const missing: CorsRule[] = [];
  const different: CorsComparison['different'] = [];

  for (const req of requiredRules) {
    const problems: string[] = [];
    let served = 0;
    for (const origin of req.AllowedOrigins) {
      for (const method of req.AllowedMethods) {
        const index = actualRules.findIndex(
          r =>
            (r.AllowedOrigins ?? []).some(o => globMatches(o, origin)) &&
            (r.AllowedMethods ?? []).includes(method),
        );
        if (index < 0) {
          problems.push(`no rule allows ${method} from ${origin}`);
          continue;
        }
        served++;
        const rule = actualRules[index];
        for (const header of req.AllowedHeaders ?? []) {
          if (
            !(rule.AllowedHeaders ?? []).some(h => globMatches(h, header, true))
          ) {
            problems.push(
              `${label(
                rule,
                index,
              )} serves ${method} from ${origin} but does not allow header "${header}"`,
            );
          }
        }
        for (const header of req.ExposeHeaders ?? []) {
          if (
            !(rule.ExposeHeaders ?? []).some(
              h => h.toLowerCase() === header.toLowerCase(),
            )
          ) {
            problems.push(
              `${label(
                rule,
                index,
              )} serves ${method} from ${origin} but does not expose "${header}"`,
            );
          }
        }
      }
    }
    if (served === 0) missing.push(req);
    else if (problems.length)
      different.push({ required: req, problems: [...new Set(problems)] });
  }
  return {
    matches: missing.length === 0 && different.length === 0,
    missing,
    different,
  };
}
