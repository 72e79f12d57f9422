// The test persons of the development identity provider. Every fødselsnummer is synthetic
// (valid check digits, birth date as in Enhetsregisteret's demo roles), never a real person's.
export const publicPersons = [
  { id: 'kari', pid: '17058045039', name: 'Kari Testesen', about: 'daglig leder i EKSEMPEL HVITEVARER AS (310000027)' },
  { id: 'per', pid: '03116245085', name: 'Per Prøvesen', about: 'styreleder i EKSEMPEL HVITEVARER AS (310000027)' },
  { id: 'lars', pid: '09037145049', name: 'Lars Reisesen', about: 'daglig leder i EKSEMPEL REISER AS (310000035)' },
  { id: 'ingrid', pid: '21096845046', name: 'Ingrid Fjelltur', about: 'styreleder i EKSEMPEL REISER AS (310000035)' },
  { id: 'ola', pid: '08089045186', name: 'Ola Testmann', about: 'vanlig ansatt, uten rolle som kan representere virksomheten' },
  { id: 'nora', pid: '12040155021', name: 'Nora Forbruker', about: 'forbruker' },
  { id: 'lav', pid: '24128545065', name: 'Siri Signatur', about: 'logger inn med lavt sikkerhetsnivå (idporten-loa-low), som Min side avviser', acr: 'idporten-loa-low' },
];

export const staffPersons = [
  { id: 'sara', name: 'Sara Saksbehandler', email: 'sara.saksbehandler@forbrukertilsynet.example', roles: ['saksbehandler'], about: 'saksbehandler' },
  { id: 'stig', name: 'Stig Seksjonsleder', email: 'stig.seksjonsleder@forbrukertilsynet.example', roles: ['saksbehandler', 'arkivleder', 'leder'], about: 'saksbehandler, arkivleder og leder' },
];
