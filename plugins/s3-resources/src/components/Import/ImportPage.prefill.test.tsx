import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockS3Api } from '../../__testUtils__/fixtures';
import {
  SECRET,
  bucket,
  renderImportPage,
  row,
} from '../../__testUtils__/importPage';

describe('ImportPage pre-filled from the address', () => {
  it('takes the source and selects the named bucket; the key is entered on the page', async () => {
    const api = mockS3Api({
      discoverBuckets: jest.fn(async (_source, options) => {
        const list = [bucket('alpha'), bucket('shadowed')];
        list.forEach(b => options?.onBucket?.(b));
        return list;
      }),
    });
    await renderImportPage(
      api,
      true,
      '/s3-resources/import?provider=ceph-rgw&endpoint=http%3A%2F%2F127.0.0.1%3A7480&region=us-east-1&bucket=shadowed',
    );
    expect(
      await screen.findByRole('textbox', { name: /Endpoint URL/ }),
    ).toHaveValue('http://127.0.0.1:7480');
    expect(screen.getByLabelText(/Secret access key/)).toHaveValue('');
    await userEvent.type(
      screen.getByRole('textbox', { name: /Access key ID/ }),
      'AKIAEXAMPLE',
    );
    await userEvent.type(screen.getByLabelText(/Secret access key/), SECRET);
    await userEvent.click(
      screen.getByRole('button', { name: 'Discover buckets' }),
    );
    await screen.findByText('Found 2 buckets.');
    expect(api.discoverBuckets).toHaveBeenCalledWith(
      expect.objectContaining({
        provider: 'ceph-rgw',
        endpoint: 'http://127.0.0.1:7480',
      }),
      expect.anything(),
    );
    expect(
      within(row('shadowed')).getByRole('checkbox', {
        name: 'Select shadowed',
      }),
    ).toBeChecked();
    expect(
      within(row('alpha')).getByRole('checkbox', { name: 'Select alpha' }),
    ).not.toBeChecked();
  });
});
