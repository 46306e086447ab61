import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  applyPolicyDocBlocks,
  renderPolicyDocBlocks,
} from './renderPolicyDocs';

const DOC = join(__dirname, '../../../../../docs/policies.md');

/**
 * docs/policies.md shows generator output; this keeps it true. After a
 * deliberate change run with UPDATE_DOCS=1 and read the diff.
 */
describe('docs/policies.md', () => {
  it('shows what the generators produce today', () => {
    const doc = readFileSync(DOC, 'utf8');
    const expected = applyPolicyDocBlocks(doc, renderPolicyDocBlocks());
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(DOC, expected);
      return;
    }
    expect(doc).toBe(expected);
  });
});
