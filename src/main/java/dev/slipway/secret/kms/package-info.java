/** The master key held by AWS KMS: data keys made and unwrapped by KMS through the AWS SDK. */
package dev.slipway.secret.kms;
