export * from './routes';
export * from './resourceSchemas';
export * from './auditSchemas';
export * from './importSchemas';
export * from './queryParams';
export * from './requests';
export * from './objectSchemas';
export * from './storageSchemas';
