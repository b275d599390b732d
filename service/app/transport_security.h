// TLS material for the server and the client commands, read and checked when
// a command starts: a wrong path, half a key pair or a key that does not
// belong to its certificate is a usage error naming the flag (exit 2), not a
// handshake failure or an "address in use" later on. Also the test for
// whether a listen address is reachable from other machines at all.
#pragma once

#include <optional>
#include <string>

#include "app/options.h"

namespace galley::app {

struct KeyPair {
  std::string certificate_chain_pem;  // the leaf first, then intermediates
  std::string private_key_pem;        // unencrypted: nobody is there to type a passphrase
};

// Reads the pair named by --cert_flag and --key_flag. nullopt when neither is
// set; UsageError when only one is, when a file is unreadable or not PEM, or
// when the key is not the certificate's.
std::optional<KeyPair> ReadKeyPair(const Options& options, const std::string& cert_flag, const std::string& key_flag);

// Reads one or more PEM CA certificates from --flag; "" when it is not set.
std::string ReadCertificates(const Options& options, const std::string& flag);

// True for listen addresses only this machine can reach: 127.0.0.0/8, ::1,
// localhost and Unix sockets. Everything else (0.0.0.0, [::], a host name,
// a public address) is reachable from the network.
bool IsLoopbackAddress(const std::string& listen);

}  // namespace galley::app
