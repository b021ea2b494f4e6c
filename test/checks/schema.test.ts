import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './schema.examples.ts';

pinChecks(examples);
