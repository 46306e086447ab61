import { renderInTestApp } from '@backstage/frontend-test-utils';
import { generateCorsConfiguration } from '@s3-resources/plugin-s3-resources-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { mockClipboard } from '../../__testUtils__/clipboard';
import { makeFinding, mockS3Api } from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { FindingsTable } from './FindingsTable';

const cors = generateCorsConfiguration({
  bucket: 'team-a-media',
  origins: ['http://localhost:3000'],
  uploadMode: 'simple-put',
  endpoint: 'http://127.0.0.1:7480',
});

// as the audit's cors-drift rule writes it
const corsFix = `Apply the generated CORS configuration to bucket team-a-media (or add its rule to the existing ones):\n${cors.json}\nWith the AWS CLI: ${cors.command}`;

async function openFix(fix: string) {
  const api = mockS3Api({
    listFindings: jest.fn(async () => ({
      items: [makeFinding({ kind: 'cors-drift', fix })],
      totalCount: 1,
    })),
  });
  await renderInTestApp(
    <FindingsTable filter={{}} emptyState="None" aria-label="Findings" />,
    {
      apis: [[s3ResourcesApiRef, api]],
      mountedRoutes: { '/s3-resources': rootRouteRef },
    },
  );
  await userEvent.click(
    await screen.findByRole('button', { name: /^How to fix: / }),
  );
  return within(await screen.findByRole('dialog'));
}

describe('the findings fix dialog', () => {
  it('gives the prose, the JSON and the command each its own block, and copies each exactly', async () => {
    const copied = mockClipboard();
    const dialog = await openFix(corsFix);
    const fix = dialog.getByRole('region', { name: 'How to fix it' });
    expect(fix).toHaveTextContent(
      'Apply the generated CORS configuration to bucket team-a-media (or add its rule to the existing ones):',
    );
    expect(
      within(fix).getByRole('region', { name: 'fix JSON' }),
    ).toHaveTextContent(cors.json.replace(/\s+/g, ' '));
    expect(
      within(fix).getByRole('region', { name: 'fix command' }),
    ).toHaveTextContent(cors.command);
    // the prose is not in a code block
    expect(
      within(fix).getByText(/^Apply the generated CORS configuration/).tagName,
    ).toBe('P');

    await userEvent.click(
      within(fix).getByRole('button', { name: 'Copy fix JSON' }),
    );
    expect(copied).toHaveBeenLastCalledWith(cors.json);
    await userEvent.click(
      within(fix).getByRole('button', { name: 'Copy fix command' }),
    );
    expect(copied).toHaveBeenLastCalledWith(cors.command);
    expect(copied).toHaveBeenCalledTimes(2);
    // nothing copies the three as one blob
    expect(within(fix).getAllByRole('button')).toHaveLength(2);
  });

  it('numbers the buttons of a fix with two commands', async () => {
    const copied = mockClipboard();
    const dialog = await openFix(
      [
        'First set the default ACL to private.',
        "aws s3api put-object-acl --bucket 'team-a-media' --key <key> --acl private",
        "aws s3api put-public-access-block --bucket 'team-a-media' --public-access-block-configuration BlockPublicAcls=true",
      ].join('\n'),
    );
    await userEvent.click(
      dialog.getByRole('button', { name: 'Copy fix command 2' }),
    );
    expect(copied).toHaveBeenLastCalledWith(
      "aws s3api put-public-access-block --bucket 'team-a-media' --public-access-block-configuration BlockPublicAcls=true",
    );
    expect(
      dialog.getByRole('button', { name: 'Copy fix command 1' }),
    ).toBeInTheDocument();
  });
});
