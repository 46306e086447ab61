export interface Config {
  s3Resources?: {
    /**
     * The IAM principal (role or user ARN) the backend runs as when it
     * assumes roles; the principal of generated trust policies.
     */
    portalPrincipalArn?: string;
    /**
     * The portal's outbound addresses (CIDRs). When set, generated policies
     * only allow requests from them (`aws:SourceIp`).
     */
    egressCidrs?: string[];
    encryption?: {
      /**
       * Key-encryption keys for resource secrets. The first key encrypts new
       * secrets; the others are kept so older rows still decrypt until they
       * are re-encrypted (rotation). Each secret is 32 random bytes, base64
       * (`openssl rand -base64 32`).
       */
      keys?: Array<{
        /** Short, stable identifier stored with each encrypted row. */
        id: string;
        /**
         * @visibility secret
         */
        secret: string;
      }>;
    };
  };
}
