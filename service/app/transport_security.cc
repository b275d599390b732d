#include "app/transport_security.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace galley::app {

namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Declines to ask for a passphrase: OpenSSL's default would prompt on the
// terminal of a server that has none.
int NoPassphrase(char*, int, int, void*) { return 0; }

UsageError BadFlag(const Options& options, const std::string& flag, const std::string& problem) {
  return UsageError("galley " + options.command() + ": --" + flag + " ('" + options.Get(flag) + "') " + problem);
}

// The first certificate in `pem` and how many there are.
X509Ptr ParseCertificates(const std::string& pem, int* count) {
  auto bio = MemoryBio(pem);
  X509Ptr first;
  *count = 0;
  while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr)) {
    if (!first) {
      first.reset(certificate);
    } else {
      X509_free(certificate);
    }
    ++*count;
  }
  ERR_clear_error();  // the end of the input reads as an error
  return first;
}

}  // namespace

std::optional<KeyPair> ReadKeyPair(const Options& options, const std::string& cert_flag, const std::string& key_flag) {
  const bool has_cert = options.IsSet(cert_flag);
  const bool has_key = options.IsSet(key_flag);
  if (!has_cert && !has_key) return std::nullopt;
  if (!has_cert || !has_key) {
    const std::string& given = has_cert ? cert_flag : key_flag;
    const std::string& missing = has_cert ? key_flag : cert_flag;
    throw UsageError("galley " + options.command() + ": --" + given + " needs --" + missing + " too");
  }
  KeyPair pair{options.ReadFile(cert_flag), options.ReadFile(key_flag)};
  int count = 0;
  const X509Ptr leaf = ParseCertificates(pair.certificate_chain_pem, &count);
  if (!leaf) throw BadFlag(options, cert_flag, "holds no PEM certificate");
  auto bio = MemoryBio(pair.private_key_pem);
  const std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  if (!key) throw BadFlag(options, key_flag, "holds no unencrypted PEM private key");
  if (X509_check_private_key(leaf.get(), key.get()) != 1) {
    ERR_clear_error();
    throw BadFlag(options, key_flag, "is not the private key of the certificate in --" + cert_flag);
  }
  return pair;
}

std::string ReadCertificates(const Options& options, const std::string& flag) {
  if (!options.IsSet(flag)) return "";
  std::string pem = options.ReadFile(flag);
  int count = 0;
  ParseCertificates(pem, &count);
  if (count == 0) throw BadFlag(options, flag, "holds no PEM certificate");
  return pem;
}

bool IsLoopbackAddress(const std::string& listen) {
  if (listen.rfind("unix:", 0) == 0 || listen.rfind("unix-abstract:", 0) == 0) return true;
  std::string host;
  if (!listen.empty() && listen.front() == '[') {
    host = listen.substr(1, listen.find(']') - 1);
  } else {
    host = listen.substr(0, listen.rfind(':'));
  }
  if (host == "localhost") return true;
  in_addr ipv4{};
  if (inet_pton(AF_INET, host.c_str(), &ipv4) == 1) return (ntohl(ipv4.s_addr) >> 24) == 127;
  in6_addr ipv6{};
  if (inet_pton(AF_INET6, host.c_str(), &ipv6) == 1) return IN6_IS_ADDR_LOOPBACK(&ipv6);
  return false;
}

}  // namespace galley::app
