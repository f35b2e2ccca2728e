// The registry of sources: the one place that lists them. Detection tries them in this order; adding a source is
// one folder under mappers/ and one line here.
import type { SourceMapper } from '../src/model.js';
import { slackMapper } from './slack/index.js';
import { allExtraMappers } from './extra.js';

export const MAPPERS: readonly SourceMapper[] = [slackMapper, ...allExtraMappers];
