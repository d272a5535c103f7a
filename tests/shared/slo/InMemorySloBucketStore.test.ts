import { InMemorySloBucketStore } from '../../../shared/slo';
import { describeBucketStore } from './bucketStoreContract';

describeBucketStore('InMemorySloBucketStore', () => new InMemorySloBucketStore());
