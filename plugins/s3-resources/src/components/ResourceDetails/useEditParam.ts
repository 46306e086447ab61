import { EDIT_QUERY_PARAM } from '@s3-resources/plugin-s3-resources-common';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Opens the edit dialog when the page is opened with `?edit=1` (the catalog's
 * Edit icon and "Edit Metadata" link here), once the resource and the
 * viewer's permission are known. The parameter is then dropped from the URL
 * (replaced, not pushed) so a reload or Back does not open it again.
 * Returns whether editing was asked for but is not allowed.
 */
export function useEditParam(options: {
  ready: boolean;
  canEdit: boolean;
  onEdit: () => void;
}): { refused: boolean } {
  const [params, setParams] = useSearchParams();
  const requested = params.has(EDIT_QUERY_PARAM);
  const [refused, setRefused] = useState(false);
  const { ready, canEdit, onEdit } = options;
  useEffect(() => {
    if (!requested || !ready) return;
    if (canEdit) onEdit();
    else setRefused(true);
    setParams(
      current => {
        const next = new URLSearchParams(current);
        next.delete(EDIT_QUERY_PARAM);
        return next;
      },
      { replace: true },
    );
  }, [requested, ready, canEdit, onEdit, setParams]);
  return { refused };
}
