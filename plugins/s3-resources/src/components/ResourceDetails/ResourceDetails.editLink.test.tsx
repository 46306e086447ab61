import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockS3Api } from '../../__testUtils__/fixtures';
import { renderResourceDetails } from '../../__testUtils__/resourceDetails';

// The catalog's Edit icon and "Edit Metadata" link open `<details>?edit=1`.
describe('ResourceDetails opened with ?edit=1', () => {
  it('opens the edit dialog, and only once', async () => {
    await renderResourceDetails(mockS3Api(), {
      route: '/?tab=policies&edit=1',
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit Team A media',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // the tab the link asked for is kept
    expect(screen.getByRole('tab', { name: 'Policies' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('does not open the dialog without the parameter', async () => {
    await renderResourceDetails(mockS3Api());
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Team A media' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('tells a viewer who may not edit, instead of opening the dialog', async () => {
    await renderResourceDetails(mockS3Api(), {
      allow: false,
      route: '/?edit=1',
    });
    expect(
      await screen.findByText('You may view this resource but not edit it'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();
  });
});
