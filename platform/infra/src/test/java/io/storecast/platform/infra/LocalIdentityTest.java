package io.storecast.platform.infra;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class LocalIdentityTest {

    @Test
    void the_key_pair_is_made_once_kept_private_and_signs_tokens_its_public_key_verifies(@TempDir Path dir)
            throws Exception {
        LocalIdentity first = LocalIdentity.at(dir.resolve("identity"));
        String pem = Files.readString(first.publicKey());
        LocalIdentity again = LocalIdentity.at(dir.resolve("identity"));
        assertThat(Files.readString(again.publicKey())).isEqualTo(pem);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("identity/identity-private.pem")))).isEqualTo("rw-------");

        SignedJWT jwt = SignedJWT.parse(again.token("STORE", "s-1", "li@brand", Duration.ofHours(1)));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""))));
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("role")).isEqualTo("STORE");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("party")).isEqualTo("s-1");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("li@brand");
        assertThat(Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
                jwt.getJWTClaimsSet().getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(1));
        // a token of another identity does not verify with this one's key
        SignedJWT other = SignedJWT.parse(LocalIdentity.ephemeral().token("HQ", null, "x", Duration.ofMinutes(1)));
        assertThat(other.verify(new RSASSAVerifier(key))).isFalse();
    }
}
