import { STEP_IDS, STEP_TITLES, inStepOrder } from './connectionTestSteps';

describe('inStepOrder', () => {
  it('lists steps in STEP_IDS order, whatever order they finished in', () => {
    const finished = [...STEP_IDS].reverse().map(id => ({ id }));
    expect(inStepOrder(finished).map(s => s.id)).toEqual([...STEP_IDS]);
  });

  it('keeps steps it does not know after the known ones, in their order', () => {
    const steps = [
      { id: 'later-b' },
      { id: 'cors' },
      { id: 'later-a' },
      { id: 'endpoint' },
    ];
    expect(inStepOrder(steps).map(s => s.id)).toEqual([
      'endpoint',
      'cors',
      'later-b',
      'later-a',
    ]);
  });

  it('leaves its argument as it was', () => {
    const steps = [{ id: 'bucket' }, { id: 'endpoint' }];
    inStepOrder(steps);
    expect(steps.map(s => s.id)).toEqual(['bucket', 'endpoint']);
  });

  it('has a title for every step', () => {
    expect(Object.keys(STEP_TITLES)).toEqual([...STEP_IDS]);
  });
});
