import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './chat.examples.ts';

pinChecks(examples);
