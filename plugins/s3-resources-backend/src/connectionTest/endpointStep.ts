import {
  ResourceSettings,
  STEP_IDS,
} from '@s3-resources/plugin-s3-resources-common';
import { AllowedEndpoint, EndpointPolicy } from './EndpointPolicy';
import { RecordStep } from './runContext';

/**
 * The endpoint step, before any I/O: the policy allows the endpoint, or
 * every other step is skipped.
 */
export function checkEndpoint(
  policy: EndpointPolicy,
  settings: ResourceSettings,
  record: RecordStep,
  elapsedMs: () => number,
): { allowed: false } | { allowed: true; endpoint?: AllowedEndpoint } {
  const decision = policy.check(settings.endpoint);
  if (!decision.allowed) {
    const v = decision.violation;
    record(
      'endpoint',
      {
        status: 'fail',
        // the rule id stays in errorCode (the API); people read a sentence
        errorCode: v.rule,
        message: `Endpoint refused: ${v.message}`,
        field: v.field,
        remediation:
          "Use an endpoint on the operator's allow-list, or ask an operator to add this host to s3Resources.endpoints.allow.",
      },
      elapsedMs(),
    );
    for (const stepId of STEP_IDS) {
      record(
        stepId,
        { status: 'skipped', message: 'Not run: the endpoint is refused' },
        0,
      );
    }
    return { allowed: false };
  }
  const endpoint = decision.endpoint;
  record(
    'endpoint',
    {
      status: 'pass',
      message: endpoint
        ? `${endpoint.hostname}:${endpoint.port} is allowed by the allow-list entry ${endpoint.entry}; resolved addresses are checked at connect time`
        : `Amazon S3 in ${settings.region} (no custom endpoint)`,
    },
    elapsedMs(),
  );
  return { allowed: true, endpoint };
}
