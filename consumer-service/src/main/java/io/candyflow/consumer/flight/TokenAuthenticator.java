package io.candyflow.consumer.flight;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * One shared bearer token ({@code candyflow.flight.token}), like the producer's API key:
 * every call carries {@code Authorization: Bearer <token>} (the JDBC driver's
 * {@code token} property, ADBC's {@code adbc.flight.sql.authorization_header}), or is
 * refused with {@code UNAUTHENTICATED}.
 */
final class TokenAuthenticator implements CallHeaderAuthenticator {

	private final byte[] token;

	TokenAuthenticator(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public AuthResult authenticate(CallHeaders incomingHeaders) {
		String presented = AuthUtilities.getValueFromAuthHeader(incomingHeaders, Auth2Constants.BEARER_PREFIX);
		// compared in constant time, so that the answer's timing tells nothing of the
		// token
		if (presented == null || !MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8))) {
			throw CallStatus.UNAUTHENTICATED
				.withDescription("Send the Flight token as 'Authorization: Bearer <token>' (candyflow.flight.token)")
				.toRuntimeException();
		}
		return () -> "candyflow";
	}

}
