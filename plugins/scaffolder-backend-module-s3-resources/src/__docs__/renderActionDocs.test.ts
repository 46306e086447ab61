import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  applyActionDocBlocks,
  renderActionDocBlocks,
} from './renderActionDocs';

const DOC = join(__dirname, '../../../../docs/actions.md');

/**
 * docs/actions.md shows the actions' schemas and first examples; this keeps
 * it true. After a deliberate change run with UPDATE_DOCS=1 and read the diff.
 */
describe('docs/actions.md', () => {
  it("shows the actions' inputs, outputs and examples as the code has them", () => {
    const doc = readFileSync(DOC, 'utf8');
    const expected = applyActionDocBlocks(doc, renderActionDocBlocks());
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(DOC, expected);
      return;
    }
    expect(doc).toBe(expected);
  });
});
