export interface Config {
  s3Resources?: {
    permissions?: {
      /**
       * Entity refs of the groups whose members may do everything with S3
       * resources and read the audit trail (default group:default/platform-team).
       */
      platformGroups?: string[];
    };
  };
}
