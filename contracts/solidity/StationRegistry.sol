// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title The stations' public address book (as Werenode's): who operates a station, where its price list is and how
///        to reach it. The registrar adds stations; a station's operator (or the registrar) keeps it up to date.
contract StationRegistry is AccessControl {
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    struct Station {
        address operator;
        /// @dev a reference to the station's tariff in the platform's catalog (e.g. a tariff id or a content hash)
        string priceRef;
        /// @dev how partners reach the station or its CPO (e.g. an OCPI or OCPP URL)
        string endpoint;
    }

    /// @dev keyed by keccak256(stationId): a fixed-size key, whatever the id's length
    mapping(bytes32 stationKey => Station) private _stations;

    event StationRegistered(string stationId, address indexed operator, string priceRef, string endpoint);
    event StationUpdated(string stationId, address indexed operator, string priceRef, string endpoint);
    event StationRemoved(string stationId, address indexed operator);

    error StationExists(string stationId);
    error UnknownStation(string stationId);
    error NotOperator(address caller);
    error InvalidOperator();

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function register(string calldata stationId, address operator, string calldata priceRef, string calldata endpoint)
        external
        onlyRole(REGISTRAR_ROLE)
    {
        if (operator == address(0)) revert InvalidOperator();
        Station storage station = _stations[_keyOf(stationId)];
        if (station.operator != address(0)) revert StationExists(stationId);
        station.operator = operator;
        station.priceRef = priceRef;
        station.endpoint = endpoint;
        emit StationRegistered(stationId, operator, priceRef, endpoint);
    }

    /// @notice By the station's operator or the registrar.
    function update(string calldata stationId, string calldata priceRef, string calldata endpoint) external {
        Station storage station = _managed(stationId);
        station.priceRef = priceRef;
        station.endpoint = endpoint;
        emit StationUpdated(stationId, station.operator, priceRef, endpoint);
    }

    /// @notice By the station's operator or the registrar; the id can be registered again afterwards.
    function remove(string calldata stationId) external {
        address operator = _managed(stationId).operator;
        delete _stations[_keyOf(stationId)];
        emit StationRemoved(stationId, operator);
    }

    /// @notice The station's entry; operator 0 when it is not registered.
    function stationOf(string calldata stationId) external view returns (Station memory) {
        return _stations[_keyOf(stationId)];
    }

    function _managed(string calldata stationId) private view returns (Station storage station) {
        station = _stations[_keyOf(stationId)];
        if (station.operator == address(0)) revert UnknownStation(stationId);
        if (msg.sender != station.operator && !hasRole(REGISTRAR_ROLE, msg.sender)) revert NotOperator(msg.sender);
    }

    function _keyOf(string calldata stationId) private pure returns (bytes32) {
        return keccak256(bytes(stationId));
    }
}
