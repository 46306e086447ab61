import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  makeAccessMap,
  makeFinding,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

const OTHER = 'IAM user arn:aws:iam:::user/other';

describe('the Access tab', () => {
  it('shows principals × actions with each state in words, its statement, the owner, the portal and the test it comes from', async () => {
    const api = mockS3Api({
      getAccessMap: jest.fn(async () => ({
        map: makeAccessMap(),
        findings: [],
      })),
      listFindings: jest.fn(async () => ({
        items: [
          makeFinding({
            kind: 'access-beyond-level',
            severity: 'medium',
            message: `Resource team-a-media has access level read (read, list), but bucket team-a-media grants more to others: ${OTHER} may write through statement "OtherWrites"`,
          }),
        ],
        totalCount: 1,
      })),
    });
    await renderResourceDetails(api, { route: '/?tab=access' });
    const table = await screen.findByRole('table', { name: 'Access map' });
    expect(api.getAccessMap).toHaveBeenCalledWith(ID);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Principal',
      'Read',
      'List',
      'Write *',
      'Delete *',
      'Policy and ACL changes *',
    ]);
    const other = within(table).getByRole('rowheader', {
      name: new RegExp(OTHER.replace(/[/.:]/g, '.')),
    }).parentElement!;
    const cells = within(other).getAllByRole('cell');
    expect(cells.map(c => c.firstChild?.textContent)).toEqual([
      'Not granted',
      'Unknown',
      'Granted (beyond the level)',
      'Unknown',
      'Unknown',
    ]);
    // the statement behind the grant, on hover and expanded
    expect(cells[2]).toHaveAttribute(
      'title',
      expect.stringContaining('statement "OtherWrites" (s3:PutObject)'),
    );
    await userEvent.click(within(cells[2]).getByText('1 source'));
    expect(
      within(cells[2]).getByText('statement "OtherWrites" (s3:PutObject)'),
    ).toBeVisible();
    // unknown says why, never "no access"
    expect(cells[1].getAttribute('title')).toMatch(
      /The bucket ACL could not be read: Unknown: GetBucketAcl was denied/,
    );
    // the portal's own row, from the generated IAM policy
    expect(
      within(table).getByRole('rowheader', {
        name: /The portal: access key \*+KEY1/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('access key ****************KEY1'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a' })).toBeInTheDocument();
    expect(screen.getByText('Bucket ACL')).toBeInTheDocument();
    // and the findings about it
    expect(
      await screen.findByText(/may write through statement "OtherWrites"/),
    ).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledWith(
      expect.objectContaining({
        resourceId: ID,
        kind: expect.arrayContaining(['access-beyond-level', 'acl-public']),
      }),
      expect.anything(),
    );
  });

  it('is not offered to those who may neither update the resource nor read the audit', async () => {
    const api = mockS3Api();
    await renderResourceDetails(api, { allow: false, route: '/?tab=access' });
    await screen.findByRole('heading', { level: 2, name: 'Team A media' });
    expect(
      screen.queryByRole('tab', { name: 'Access' }),
    ).not.toBeInTheDocument();
    expect(api.getAccessMap).not.toHaveBeenCalled();
  });

  it('explains a refusal from the server', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      'You may not see the access map of team-a-media',
    );
    const api = mockS3Api({ getAccessMap: jest.fn().mockRejectedValue(error) });
    await renderResourceDetails(api, { route: '/?tab=access' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the access map: not allowed',
    );
  });
});
