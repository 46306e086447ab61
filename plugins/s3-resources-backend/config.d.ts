export interface Config {
  s3Resources?: {
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
