package org.stasensor.pipeline.enrich.rdap;

/**
 * RDAP answers written by hand after the examples of RFC 9083 (section 5.3, domain object; section 6, error
 * response). Their dates are the known facts the tests check against.
 */
final class RdapBodies
{
    /** The registration date in {@link #domain}: 1990-12-31T23:59:59Z = 662687999 s ({@code date -u -d ... +%s}). */
    static final long REGISTERED_1990_MILLIS = 662_687_999_000L;
    /** 2021-04-03T10:11:12+02:00 = 1617437472 s ({@code date -u -d ... +%s}). */
    static final long REGISTERED_2021_OFFSET_MILLIS = 1_617_437_472_000L;

    private RdapBodies()
    {
    }

    /** RFC 9083 section 5.3's example, trimmed, for a given name and registration date. */
    static String domain(final String ldhName, final String registrationDate)
    {
        return """
            {
              "rdapConformance": ["rdap_level_0"],
              "objectClassName" : "domain",
              "handle" : "XXXX",
              "ldhName" : "%s",
              "status" : [ "locked", "transfer prohibited" ],
              "nameservers" :
              [
                {
                  "objectClassName" : "nameserver",
                  "handle" : "XXXX",
                  "ldhName" : "ns1.example.com",
                  "status" : [ "active" ]
                }
              ],
              "secureDNS":
              {
                 "zoneSigned": true,
                 "delegationSigned": true,
                 "maxSigLife": 604800
              },
              "remarks" :
              [
                {
                  "description" :
                  [
                    "She sells sea shells down by the sea shore.",
                    "Originally written by Terry Sullivan."
                  ]
                }
              ],
              "links" :
              [
                {
                  "value" : "https://example.net/domain/%s",
                  "rel" : "self",
                  "href" : "https://example.net/domain/%s",
                  "type" : "application/rdap+json"
                }
              ],
              "port43" : "whois.example.net",
              "events" :
              [
                {
                  "eventAction" : "last changed",
                  "eventDate" : "1991-12-31T23:59:59Z",
                  "eventActor" : "joe@example.com"
                },
                {
                  "eventAction" : "registration",
                  "eventDate" : "%s"
                },
                {
                  "eventAction" : "expiration",
                  "eventDate" : "2030-12-31T23:59:59Z"
                }
              ]
            }
            """.formatted(ldhName, ldhName, ldhName, registrationDate);
    }

    /** A domain object whose events have no registration. */
    static String domainWithoutRegistration(final String ldhName)
    {
        return """
            {
              "objectClassName" : "domain",
              "ldhName" : "%s",
              "events" : [ { "eventAction" : "last changed", "eventDate" : "1991-12-31T23:59:59Z" } ]
            }
            """.formatted(ldhName);
    }

    /** RFC 9083 section 6's error response form, for 404. */
    static String notFound()
    {
        return """
            {
              "errorCode" : 404,
              "title" : "Not Found",
              "description" : [ "The server has not found anything matching the Request-URI." ]
            }
            """;
    }
}
