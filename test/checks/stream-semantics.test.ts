import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './stream-semantics.examples.ts';

pinChecks(examples);
