// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Who may see what (as the Open Charging Network's permissions): a participant grants a partner consent to a
///        scope of its data, optionally until a time, and revokes it whenever it likes.
/// @notice A scope is keccak256 of the name of a vz.registry.DataScope symbol (schemas/avro/registry/DataScope.avsc),
///         e.g. keccak256("CHARGING_SESSIONS"), so the platform and the chain name scopes the same way.
///         Only the participant itself (msg.sender) grants or revokes its consents: that is the access control.
contract ConsentRegistry {
    struct Consent {
        bool granted;
        /// @dev 0: no expiry
        uint64 expiresAt;
    }

    mapping(address participant => mapping(address partner => mapping(bytes32 scope => Consent))) private _consents;

    event ConsentGranted(address indexed participant, address indexed partner, bytes32 indexed scope, uint64 expiresAt);
    event ConsentRevoked(address indexed participant, address indexed partner, bytes32 indexed scope);

    error InvalidPartner();
    error ExpiryInPast(uint64 expiresAt);
    error NoConsent(address participant, address partner, bytes32 scope);

    /// @notice Grants (or renews, with a new expiry) `partner` consent to the caller's data of `scope`.
    /// @param expiresAt a unix time after which the consent lapses by itself; 0 for none.
    function grant(address partner, bytes32 scope, uint64 expiresAt) external {
        if (partner == address(0) || partner == msg.sender) revert InvalidPartner();
        if (expiresAt != 0 && expiresAt <= block.timestamp) revert ExpiryInPast(expiresAt);
        _consents[msg.sender][partner][scope] = Consent(true, expiresAt);
        emit ConsentGranted(msg.sender, partner, scope, expiresAt);
    }

    function revoke(address partner, bytes32 scope) external {
        if (!_consents[msg.sender][partner][scope].granted) revert NoConsent(msg.sender, partner, scope);
        delete _consents[msg.sender][partner][scope];
        emit ConsentRevoked(msg.sender, partner, scope);
    }

    /// @notice Whether `participant` consents, now, to `partner` seeing its data of `scope` (a lapsed consent does not
    ///         count).
    function hasConsent(address participant, address partner, bytes32 scope) external view returns (bool) {
        Consent memory consent = _consents[participant][partner][scope];
        return consent.granted && (consent.expiresAt == 0 || block.timestamp < consent.expiresAt);
    }
}
