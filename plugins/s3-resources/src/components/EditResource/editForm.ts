import {
  AccessLevel,
  DefaultAcl,
  RuleViolation,
  S3Resource,
  TestRun,
  TestStepResult,
  UpdateResourceRequest,
  UploadMode,
  ValidationError,
  checkSettingsRules,
  parseUpdateResourceRequest,
} from '@s3-resources/plugin-s3-resources-common';

/** What the edit form holds: text as typed. */
export type EditFormValues = {
  title: string;
  description: string;
  tags: string;
  owner: string;
  system: string;
  accessLevel: AccessLevel;
  defaultAcl: DefaultAcl;
  corsOrigins: string;
  uploadMode: UploadMode;
  rotateCredentials: boolean;
  accessKeyId: string;
  secretAccessKey: string;
};

export function formValuesOf(resource: S3Resource): EditFormValues {
  return {
    title: resource.title ?? '',
    description: resource.description ?? '',
    tags: resource.tags.join(', '),
    owner: resource.owner,
    system: resource.system ?? '',
    accessLevel: resource.accessLevel,
    defaultAcl: resource.defaultAcl,
    corsOrigins: resource.cors.origins.join('\n'),
    uploadMode: resource.cors.uploadMode,
    rotateCredentials: false,
    accessKeyId: storedAccessKeyId(resource),
    secretAccessKey: '',
  };
}

/** The stored access key ID as shown to who may update; empty when masked. */
function storedAccessKeyId(resource: S3Resource): string {
  const auth = resource.auth;
  let shown = '';
  if (auth.method === 'access-key') shown = auth.accessKeyId;
  else if (auth.method === 'assume-role' && auth.source.method === 'access-key')
    shown = auth.source.accessKeyId;
  return shown.includes('*') ? '' : shown;
}

const splitList = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map(s => s.trim())
    .filter(Boolean);

/** Whether credentials of this resource can be rotated with a new access key. */
export function canRotateAccessKey(resource: S3Resource): boolean {
  const auth = resource.auth;
  return (
    auth.method === 'access-key' ||
    (auth.method === 'assume-role' && auth.source.method === 'access-key')
  );
}

/**
 * The PATCH body: only what differs from `base`, plus the version read.
 * Violations of the shared validators are returned instead of a body.
 */
export function buildUpdate(
  base: S3Resource,
  values: EditFormValues,
): { request?: UpdateResourceRequest; violations: RuleViolation[] } {
  const request: UpdateResourceRequest = { version: base.version };
  const violations: RuleViolation[] = [];
  const title = values.title.trim();
  if (title !== (base.title ?? '')) request.title = title;
  const description = values.description.trim();
  if (description !== (base.description ?? ''))
    request.description = description;
  const tags = splitList(values.tags, /[,\s]+/);
  if (tags.join(',') !== base.tags.join(',')) request.tags = tags;
  const owner = values.owner.trim();
  if (owner !== base.owner) request.owner = owner;
  const system = values.system.trim();
  if (system !== (base.system ?? '')) {
    if (system) request.system = system;
    else
      violations.push({
        field: 'system',
        rule: 'system-required-once-set',
        message: 'cannot be removed here; set another system instead',
      });
  }
  if (values.accessLevel !== base.accessLevel)
    request.accessLevel = values.accessLevel;
  if (values.defaultAcl !== base.defaultAcl)
    request.defaultAcl = values.defaultAcl;
  const origins = splitList(values.corsOrigins, /\n+/);
  const cors: UpdateResourceRequest['cors'] = {};
  if (origins.join('\n') !== base.cors.origins.join('\n'))
    cors.origins = origins;
  if (values.uploadMode !== base.cors.uploadMode)
    cors.uploadMode = values.uploadMode;
  if (Object.keys(cors).length) request.cors = cors;

  if (values.rotateCredentials) {
    const accessKeyId = values.accessKeyId.trim();
    if (!accessKeyId) {
      violations.push({
        field: 'auth.accessKeyId',
        rule: 'required',
        message: 'enter the access key ID',
      });
    }
    if (!values.secretAccessKey) {
      violations.push({
        field: 'auth.secretAccessKey',
        rule: 'required',
        message: 'enter the new secret access key',
      });
    }
    const key = {
      method: 'access-key' as const,
      accessKeyId,
      secretAccessKey: values.secretAccessKey,
    };
    if (base.auth.method === 'assume-role') {
      request.auth = {
        method: 'assume-role',
        roleArn: base.auth.roleArn,
        source: key,
      };
    } else {
      request.auth = key;
    }
  }
  if (violations.length) return { violations };

  try {
    parseUpdateResourceRequest(request);
  } catch (error) {
    if (error instanceof ValidationError)
      return { violations: error.violations };
    throw error;
  }
  // Rules spanning fields (e.g. uploads need write access) on the merged settings.
  const merged = {
    ...base,
    ...request,
    cors: { ...base.cors, ...request.cors },
  };
  const spanning = checkSettingsRules(merged);
  if (spanning.length) return { violations: spanning };
  return { request, violations: [] };
}

/** Form field of each request field, for placing messages. */
export function formFieldOf(field: string): keyof EditFormValues | undefined {
  if (field.startsWith('tags')) return 'tags';
  if (field === 'cors.origins' || field.startsWith('cors.origins'))
    return 'corsOrigins';
  if (field === 'cors.uploadMode') return 'uploadMode';
  if (field.endsWith('accessKeyId')) return 'accessKeyId';
  if (field.endsWith('secretAccessKey')) return 'secretAccessKey';
  const direct = [
    'title',
    'description',
    'owner',
    'system',
    'accessLevel',
    'defaultAcl',
  ];
  return direct.includes(field) ? (field as keyof EditFormValues) : undefined;
}

/** The failed steps of a test of new credentials: at a field where they name one. */
export function failedSteps(run: TestRun): {
  atField: Map<keyof EditFormValues, TestStepResult>;
  unplaced: TestStepResult[];
} {
  const atField = new Map<keyof EditFormValues, TestStepResult>();
  const unplaced: TestStepResult[] = [];
  for (const step of run.steps.filter(s => s.status === 'fail')) {
    const key = step.field ? formFieldOf(step.field) : undefined;
    if (key && !atField.has(key)) atField.set(key, step);
    else unplaced.push(step);
  }
  return { atField, unplaced };
}

/** A rule's message as a sentence at its field: capitalised, without the rule id. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
