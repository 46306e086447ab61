import {
  AccessCell,
  AccessInput,
  AccessPrincipalKind,
  AccessSource,
  AccessState,
} from '@s3-resources/plugin-s3-resources-common';

export const STATE_TEXT: Record<AccessState, string> = {
  granted: 'Granted',
  denied: 'Denied',
  blocked: 'Blocked',
  'not-granted': 'Not granted',
  unknown: 'Unknown',
};

export const KIND_TEXT: Record<AccessPrincipalKind, string> = {
  portal: 'the portal',
  'bucket-owner': 'bucket owner',
  public: 'public',
  authenticated: 'any AWS account',
  account: 'AWS account',
  'iam-user': 'IAM user',
  'iam-role': 'IAM role',
  'assumed-role': 'role session',
  'canonical-user': 'canonical user',
  service: 'AWS service',
  federated: 'federated',
  group: 'S3 group',
  email: 'by e-mail',
  other: 'principal',
};

export const INPUT_TEXT: Record<AccessInput['state'], string> = {
  read: 'Read',
  none: 'None',
  unknown: 'Unknown',
};

/** A cell's colour: the word always says the same. */
export function cellColor(
  cell: AccessCell,
  beyondLevel: boolean,
): 'danger' | 'warning' | 'success' | 'secondary' | 'primary' {
  switch (cell.state) {
    case 'granted':
      return beyondLevel ? 'danger' : 'primary';
    case 'unknown':
      return 'warning';
    case 'denied':
    case 'blocked':
      return 'success';
    default:
      return 'secondary';
  }
}

/** One source as a line: `statement "Sid" (s3:PutObject; IpAddress aws:SourceIp)`. */
export function sourceText(s: AccessSource): string {
  const details = [
    s.actions.length ? s.actions.join(', ') : '',
    ...(s.conditions?.length ? [`when ${s.conditions.join(', ')}`] : []),
  ].filter(Boolean);
  return `${s.effect === 'Deny' ? 'Deny: ' : ''}${s.label}${
    details.length ? ` (${details.join('; ')})` : ''
  }${s.note ? ` — ${s.note}` : ''}`;
}
