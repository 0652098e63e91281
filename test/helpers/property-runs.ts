// One knob for the size of every property test: KANTATA_PROPERTY_SCALE multiplies each test's
// own run count. `npm test` runs at 1; `npm run test:model` and the weekly CI run at 10.

const given = process.env.KANTATA_PROPERTY_SCALE;
/** The multiplier of every property test's run count (default 1). */
export const propertyScale = given === undefined || given === "" ? 1 : Number(given);
if (!(propertyScale > 0)) {
  throw new Error(`KANTATA_PROPERTY_SCALE must be a positive number (got ${JSON.stringify(given)})`);
}

/** The number of runs for a property test whose count at scale 1 is `base`. */
export const propertyRuns = (base: number): number => Math.max(1, Math.round(base * propertyScale));
