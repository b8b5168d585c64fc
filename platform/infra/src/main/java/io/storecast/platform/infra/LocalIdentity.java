package io.storecast.platform.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * The brand's identity provider on this machine: an RSA key pair that signs the bearer tokens a local run, its tools
 * and the tests call the services with ({@code role}, {@code party}, the subject), and the PEM public key file the
 * services trust ({@code storecast.security.public-key}). In production the brand's own identity provider issues the
 * tokens and the services name its issuer instead. Never trust this key outside this machine.
 */
public final class LocalIdentity {

    private static final String PRIVATE = "identity-private.pem";
    private static final String PUBLIC = "identity-public.pem";

    private final PrivateKey signing;
    private final Path publicKey;

    private LocalIdentity(PrivateKey signing, Path publicKey) {
        this.signing = signing;
        this.publicKey = publicKey;
    }

    /**
     * A key pair kept in {@code dir}, made on first use, so a stack and the tools started later agree on it. Made under
     * a lock on {@code dir/.lock}, so two processes starting at once make one pair, not half of each.
     */
    public static synchronized LocalIdentity at(Path dir) {
        Path priv = dir.resolve(PRIVATE);
        Path pub = dir.resolve(PUBLIC);
        try {
            Files.createDirectories(dir);
            try (FileChannel lock = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                if (!Files.exists(priv) || !Files.exists(pub)) {
                    KeyPair pair = generate();
                    // a temporary file is readable by its owner only
                    Path tmp = Files.createTempFile(dir, PRIVATE, ".tmp");
                    Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                    Files.move(tmp, priv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            byte[] der = Base64.getMimeDecoder().decode(Files.readString(priv)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new LocalIdentity(key, pub);
        } catch (IOException e) {
            throw new UncheckedIOException("the local identity in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local identity in " + dir + " holds no RSA key: delete it", e);
        }
    }

    /** A key pair for this JVM only, its public key in a temporary file deleted at exit (tests). */
    public static LocalIdentity ephemeral() {
        try {
            KeyPair pair = generate();
            Path pub = Files.createTempFile("storecast-identity", ".pem");
            pub.toFile().deleteOnExit();
            Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return new LocalIdentity(pair.getPrivate(), pub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM file of the public key the services check tokens with. */
    public Path publicKey() {
        return publicKey;
    }

    /**
     * A signed token (RS256) for a caller: {@code role} one of HQ, FINANCE, DEALER, STORE, STAFF; {@code party} the
     * dealer's, store's or staff member's id (null for HQ and finance); valid for {@code ttl}.
     */
    public String token(String role, String party, String subject, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("role", role)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (party != null) {
            claims.claim("party", party);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner(signing));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
