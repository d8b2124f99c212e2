import { type Cases, ID, ID2 } from './repository-sql.fixture.js';

export const importCases: Cases<'imports'> = {
  imports: {
    analyzeAfterImport: [[1000]],
    recipientsByExternalKeys: [[[]], [['K-0001', 'K-0002']]],
    recipientsBySortNames: [[['kowalska anna', 'nowak jan']]],
    unitsByExternalKeys: [[['WMD-0012']]],
    unitsByNumbers: [
      [
        [
          { propertyId: ID, number: '12' },
          { propertyId: ID2, number: '3A' },
        ],
      ],
    ],
  },
};
