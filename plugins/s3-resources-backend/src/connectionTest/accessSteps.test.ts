import { regionOfLocation } from './accessSteps';

describe('regionOfLocation', () => {
  it('reads an empty location as us-east-1 and the legacy EU as eu-west-1', () => {
    expect(regionOfLocation(undefined)).toBe('us-east-1');
    expect(regionOfLocation('')).toBe('us-east-1');
    expect(regionOfLocation('EU')).toBe('eu-west-1');
  });

  it('takes any other location as the region code', () => {
    expect(regionOfLocation('eu-central-1')).toBe('eu-central-1');
    expect(regionOfLocation('default')).toBe('default');
  });
});
